import type { StateCreator } from 'zustand';
import type { Me, WorkspaceRef } from '../api/types';
import type { AppState } from './index';

const WS_KEY = 'wfp.workspace';

export type AuthStatus = 'unknown' | 'signedOut' | 'setupRequired' | 'signedIn';

export interface SessionSlice {
  authStatus: AuthStatus;
  me: Me | null;
  workspaceId: string | null;
  setSignedIn: (me: Me) => void;
  setAuthStatus: (s: Exclude<AuthStatus, 'signedIn'>) => void;
  switchWorkspace: (id: string) => void;
}

function pickWorkspace(me: Me): string | null {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(WS_KEY) : null;
  if (saved && me.workspaces.some((w) => w.id === saved)) return saved;
  return me.workspaces[0]?.id ?? null;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  authStatus: 'unknown',
  me: null,
  workspaceId: null,
  setSignedIn: (me) => set({ me, authStatus: 'signedIn', workspaceId: pickWorkspace(me) }),
  setAuthStatus: (authStatus) => set({ authStatus, me: null }),
  switchWorkspace: (id) => {
    localStorage.setItem(WS_KEY, id);
    // Everything cached belongs to the old workspace.
    set({ workspaceId: id, modules: [], modulesFor: null });
  },
});

export const selectMe = (s: AppState) => s.me;
export const selectAuthStatus = (s: AppState) => s.authStatus;
export const selectWorkspaceId = (s: AppState) => s.workspaceId;
export const selectWorkspace = (s: AppState): WorkspaceRef | null => s.me?.workspaces.find((w) => w.id === s.workspaceId) ?? null;
