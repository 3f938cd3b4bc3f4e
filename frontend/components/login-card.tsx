import type { LoginFailure } from '@/lib/session/session-cookie';
import { LoginForm } from './login-form';

export function LoginCard({ failure }: { failure: LoginFailure | null }) {
  return (
    <section className="card" aria-labelledby="login-heading">
      <h2 id="login-heading">Sign in</h2>
      <p className="muted card-intro">Use the email and password of your clinic account.</p>
      <LoginForm initialEmail={failure?.email ?? ''} initialError={failure?.message ?? null} />
    </section>
  );
}
