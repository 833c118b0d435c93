/** `/signin`: local development sign-in (DEV_AUTH without an OAuth client): pick any user name. */

export function DevSignInPage({ returnTo }: { returnTo: string }) {
  return (
    <>
      <h1>Sign in (local development)</h1>
      <p class="muted">
        No Hugging Face OAuth client is configured and DEV_AUTH is on, so you may sign in as any name. This page does
        not exist in production.
      </p>
      <form method="get" action="/auth/dev">
        <input type="hidden" name="return" value={returnTo} />
        <label for="user">User name</label>{" "}
        <input id="user" name="user" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,38}" />{" "}
        <button type="submit">Sign in</button>
      </form>
    </>
  );
}
