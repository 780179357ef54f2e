import { createStore, useStore } from './store.ts';

export interface Toast {
  id: number;
  tone: 'error' | 'info';
  message: string;
}

const toastStore = createStore<Toast[]>([]);
let nextId = 1;

export function showToast(toast: Omit<Toast, 'id'>): void {
  const current = toastStore.get();
  if (current.some((t) => t.message === toast.message)) return;
  const id = nextId++;
  toastStore.set([...current, { ...toast, id }]);
  setTimeout(() => dismissToast(id), 6000);
}

export function dismissToast(id: number): void {
  toastStore.set(toastStore.get().filter((t) => t.id !== id));
}

export const useToasts = () => useStore(toastStore);
