import { create } from 'zustand';
import { createCatalogSlice, type CatalogSlice } from './catalogSlice';
import { createDesignerSlice, type DesignerSlice } from './designerSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';

export type AppState = SessionSlice & CatalogSlice & DesignerSlice;

/** One store, composed of slices; components read it only through the exported selectors. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createCatalogSlice(...a),
  ...createDesignerSlice(...a),
}));

export * from './sessionSlice';
export * from './catalogSlice';
export * from './designerSlice';
