import type { ReactNode } from 'react';
import { ClinicProvider } from '@/components/shell/clinic-context';
import { EmergencyAlerts } from '@/components/realtime/emergency-alerts';
import { RealtimeProvider } from '@/components/realtime/realtime-provider';
import { ClinicSwitcher } from '@/components/shell/clinic-switcher';
import { SideNav } from '@/components/shell/side-nav';
import { SessionProblemCard } from '@/components/session-problem-card';
import { SignOutButton } from '@/components/sign-out-button';
import { canManage, loadClinicSession } from '@/lib/session/clinic-session';

// Who is signed in, and with which clinics, is a fact about this request.
export const dynamic = 'force-dynamic';

type ClinicLayoutProps = { children: ReactNode; params: Promise<{ clinicId: string }> };

function BrandMark() {
  return (
    <span className="brand-mark" aria-hidden="true">
      <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
        <path d="M4 10v4M8 7v10M12 4v16M16 7v10M20 10v4" />
      </svg>
    </span>
  );
}

export default async function ClinicLayout({ children, params }: ClinicLayoutProps) {
  const { clinicId } = await params;
  const session = await loadClinicSession(clinicId);
  if (session.kind === 'unavailable') {
    return (
      <main id="main" className="container page">
        <SessionProblemCard error={session.error} />
      </main>
    );
  }
  const { clinic, clinics, user } = session;
  const manager = canManage(clinic.role);

  return (
    <ClinicProvider value={{ clinic, user, canManage: manager }}>
      <RealtimeProvider clinicId={clinic.id}>
        <div className="app-shell">
          <header className="app-topbar">
            <a className="brand" href={`/clinics/${clinic.id}`}>
              <BrandMark />
              <span className="brand-name">Voxanne</span>
            </a>
            <ClinicSwitcher clinics={clinics.map(({ id, name }) => ({ id, name }))} currentId={clinic.id} />
            <div className="app-topbar-account">
              <span className="header-user" title={user.email}>
                {user.name}
                <span className={`role-badge role-${clinic.role}`}>{clinic.role}</span>
              </span>
              <SignOutButton />
            </div>
          </header>
          <SideNav clinicId={clinic.id} canManage={manager} />
          <main id="main" className="app-main">
            <EmergencyAlerts />
            {children}
          </main>
        </div>
      </RealtimeProvider>
    </ClinicProvider>
  );
}
