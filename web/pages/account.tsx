/** `/account`: who is signed in, with sign-out; or the way to sign in. Never cached: it names the visitor. */

export interface AccountPageProps {
  user: { id: string; name: string } | null;
}

export function AccountPage({ user }: AccountPageProps) {
  if (!user) {
    return (
      <>
        <h1>Account</h1>
        <p>You are not signed in. Signing in lets you submit models and vote on the evaluation queue.</p>
        <p>
          <a href="/auth/login?return=%2Faccount">Sign in with Hugging Face</a>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Account</h1>
      <p>
        Signed in as <strong>{user.name}</strong>{" "}
        <span class="muted">({user.id.startsWith("dev:") ? "local development sign-in" : "Hugging Face"})</span>.
      </p>
      <p>
        <a href="/queue">The queue</a> marks your votes. <a href="/submit">Submit a model</a>.
      </p>
      <form method="post" action="/auth/logout">
        <button type="submit">Sign out</button>
      </form>
      <form method="post" action="/auth/logout/everywhere">
        <button type="submit">Sign out everywhere</button>{" "}
        <span class="muted">(every browser and device where you signed in)</span>
      </form>
    </>
  );
}
