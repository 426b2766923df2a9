import type { StateCreator } from 'zustand';
import type { ModuleDescriptor } from '../model/modules';
import type { AppState } from './index';

export interface CatalogSlice {
  modules: ModuleDescriptor[];
  /** Workspace the catalog was loaded for. */
  modulesFor: string | null;
  setModules: (ws: string, modules: ModuleDescriptor[]) => void;
}

export const createCatalogSlice: StateCreator<AppState, [], [], CatalogSlice> = (set) => ({
  modules: [],
  modulesFor: null,
  setModules: (ws, modules) => set({ modules, modulesFor: ws }),
});

export const selectModules = (s: AppState) => s.modules;
export const selectModulesFor = (s: AppState) => s.modulesFor;
export const selectDescriptor = (type: string) => (s: AppState) => s.modules.find((m) => m.type === type);
