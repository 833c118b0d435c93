/** The header's sign-in slot: the signed-in user with a sign-out button, or a sign-in link back to this page. */

export interface AccountProps {
  user: { name: string } | null;
  /** The path to come back to after signing in. */
  returnTo?: string;
}

export function Account({ user, returnTo = "/" }: AccountProps) {
  if (!user) {
    // On a phone the header keeps one line: the longer words stay for screen readers (styles.ts `.wide`).
    return (
      <a href={`/auth/login?return=${encodeURIComponent(returnTo)}`}>
        Sign in<span class="wide"> with Hugging Face</span>
      </a>
    );
  }
  return (
    <form method="post" action="/auth/logout" class="account-form">
      <span>
        <span class="wide">Signed in as </span>
        <strong>{user.name}</strong>
      </span>{" "}
      <button type="submit">Sign out</button>
    </form>
  );
}
