'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { ClinicSummary } from '@/lib/session/clinic-session';

export type ClinicContextValue = {
  clinic: ClinicSummary;
  user: { id: string; name: string; email: string };
  /** Owners and admins edit the knowledge base and the agent; staff read and operate. */
  canManage: boolean;
};

const ClinicContext = createContext<ClinicContextValue | null>(null);

export function ClinicProvider({ value, children }: { value: ClinicContextValue; children: ReactNode }) {
  return <ClinicContext.Provider value={value}>{children}</ClinicContext.Provider>;
}

/** The clinic the current page is about; only inside `/clinics/[clinicId]`. */
export function useClinic(): ClinicContextValue {
  const value = useContext(ClinicContext);
  if (!value) throw new Error('useClinic() must be used inside a clinic page');
  return value;
}
