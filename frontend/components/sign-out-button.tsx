/** A plain form post so signing out works without JavaScript. */
export function SignOutButton() {
  return (
    <form action="/api/session/sign-out" method="post">
      <button type="submit" className="button button-secondary button-small">
        Sign out
      </button>
    </form>
  );
}
