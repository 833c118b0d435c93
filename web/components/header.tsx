/** The site header: brand, main navigation, and a slot on the right for the visitor's sign-in state. */
import type { ComponentChildren } from "preact";

export type Section = "leaderboard" | "queue" | "compare" | "about" | "docs";

const LINKS: ReadonlyArray<{ section: Section; href: string; label: string }> = [
  { section: "leaderboard", href: "/", label: "Leaderboard" },
  { section: "queue", href: "/queue", label: "Queue" },
  { section: "compare", href: "/compare", label: "Compare" },
  { section: "about", href: "/about", label: "About" },
  { section: "docs", href: "/docs", label: "API docs" },
];

export interface HeaderProps {
  /** The section the page belongs to, marked aria-current in the nav. */
  current?: Section;
  /** Sign-in state (a link or the signed-in user), rendered at the header's end; a link to /account if absent. */
  account?: ComponentChildren;
}

export function Header({ current, account }: HeaderProps) {
  return (
    <header class="site">
      <a class="brand" href="/">
        Podium
      </a>
      <nav aria-label="Main">
        {LINKS.map((l) => (
          <a key={l.href} href={l.href} aria-current={l.section === current ? "page" : undefined}>
            {l.label}
          </a>
        ))}
      </nav>
      {/* Cached pages are shared by everyone, so they cannot name the visitor: they link to /account instead. */}
      <div class="account">{account ?? <a href="/account">Account</a>}</div>
    </header>
  );
}
