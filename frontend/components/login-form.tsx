'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition, type FormEvent } from 'react';

type LoginFormProps = { initialEmail: string; initialError: string | null };

const NETWORK_ERROR = 'Could not reach the dashboard server. Check your connection and try again.';
const GENERIC_ERROR = 'Sign-in failed. Please try again.';

async function readErrorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message : GENERIC_ERROR;
  } catch {
    return GENERIC_ERROR;
  }
}

/**
 * A plain form that posts to /api/session, so it works without JavaScript; with JavaScript it
 * submits through fetch to show errors inline and keep what was typed.
 */
export function LoginForm({ initialEmail, initialError }: LoginFormProps) {
  const router = useRouter();
  const passwordInput = useRef<HTMLInputElement>(null);
  const [email, setEmail] = useState(initialEmail);
  const [error, setError] = useState(initialError);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [isNavigating, startNavigation] = useTransition();
  const isBusy = isSubmitting || isNavigating;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = passwordInput.current?.value ?? '';
    setIsSubmitting(true);
    setError(null);
    try {
      const response = await fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (response.ok) {
        startNavigation(() => {
          router.replace('/');
          router.refresh();
        });
        return;
      }
      setError(await readErrorMessage(response));
      if (passwordInput.current) passwordInput.current.value = '';
      passwordInput.current?.focus();
    } catch {
      setError(NETWORK_ERROR);
    } finally {
      setIsSubmitting(false);
    }
  }

  return (
    <form
      className="login-form"
      action="/api/session"
      method="post"
      onSubmit={handleSubmit}
    >
      <div className="field">
        <label htmlFor="login-email">Email</label>
        <input
          id="login-email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'login-error' : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          ref={passwordInput}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'login-error' : undefined}
        />
      </div>
      {error && (
        <p className="form-error" id="login-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary button-block" disabled={isBusy}>
        {isBusy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
