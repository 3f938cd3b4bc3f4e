import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { AccountCard } from '@/components/account-card';
import { HealthPanel } from '@/components/health-panel';
import { LoginCard } from '@/components/login-card';
import { SessionProblemCard } from '@/components/session-problem-card';
import { SiteHeader } from '@/components/site-header';
import { readConfig } from '@/lib/config';
import { checkBackendHealth } from '@/lib/health/backend-health';
import { loadCurrentSession, type CurrentSession } from '@/lib/session/current-session';
import { EXPIRED_SESSION_PATH } from '@/lib/session/expired-session';
import { LOGIN_FAILURE_COOKIE_NAME, parseLoginFailure, SESSION_COOKIE_NAME, type LoginFailure } from '@/lib/session/session-cookie';

// Health and session are facts about this request, never about the build.
export const dynamic = 'force-dynamic';

type HomePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function SessionSection({ session, loginFailure }: { session: CurrentSession; loginFailure: LoginFailure | null }) {
  if (session.kind === 'signed-in') return <AccountCard profile={session.profile} />;
  if (session.kind === 'unverifiable') return <SessionProblemCard error={session.error} />;
  return <LoginCard failure={loginFailure} />;
}

function introFor(session: CurrentSession): { title: string; subtitle: string } {
  if (session.kind === 'signed-in') {
    return {
      title: `Welcome back, ${session.profile.user.name}`,
      subtitle: 'Your AI receptionist answers calls and messages for the clinics below.',
    };
  }
  if (session.kind === 'unverifiable') {
    return { title: 'Welcome back', subtitle: 'Your dashboard will be back as soon as the Voxanne service answers again.' };
  }
  return {
    title: 'Welcome to Voxanne',
    subtitle: 'Sign in to follow calls, messages and bookings handled by your AI receptionist.',
  };
}

function PageIntro({ session }: { session: CurrentSession }) {
  const { title, subtitle } = introFor(session);
  return (
    <div className="page-intro">
      <h1>{title}</h1>
      <p className="muted">{subtitle}</p>
    </div>
  );
}

export default async function HomePage({ searchParams }: HomePageProps) {
  const { backendUrl } = readConfig();
  const cookieStore = await cookies();
  const [health, session, { login }] = await Promise.all([
    checkBackendHealth(backendUrl),
    loadCurrentSession(backendUrl, cookieStore.get(SESSION_COOKIE_NAME)?.value),
    searchParams,
  ]);
  if (session.kind === 'token-rejected') redirect(EXPIRED_SESSION_PATH);
  // Signed in: straight to the first clinic's overview; the account card is for users with none.
  const firstClinic = session.kind === 'signed-in' ? session.profile.memberships[0] : undefined;
  if (firstClinic) redirect(`/clinics/${encodeURIComponent(firstClinic.clinicId)}`);

  const loginFailure = login === 'failed' ? parseLoginFailure(cookieStore.get(LOGIN_FAILURE_COOKIE_NAME)?.value) : null;
  const signedInUser = session.kind === 'signed-in' ? session.profile.user : null;

  return (
    <>
      <SiteHeader signedInUser={signedInUser} />
      <main id="main" className="container page">
        <PageIntro session={session} />
        <div className="page-grid">
          <SessionSection session={session} loginFailure={loginFailure} />
          <HealthPanel health={health} />
        </div>
      </main>
      <footer className="site-footer">
        <div className="container">Voxanne · open-source AI receptionist for clinics</div>
      </footer>
    </>
  );
}
