import type { BackendError } from '@/lib/backend/backend-client';
import { SignOutButton } from './sign-out-button';

/** Shown when a session exists but the backend cannot confirm it right now; the cookie is kept. */
export function SessionProblemCard({ error }: { error: BackendError }) {
  return (
    <section className="card" aria-labelledby="session-problem-heading">
      <h2 id="session-problem-heading">Your account</h2>
      <p className="form-error" role="status">
        We could not load your account: {error.message}
      </p>
      <p className="muted">Reload the page in a moment, or sign out and sign in again.</p>
      <SignOutButton />
    </section>
  );
}
