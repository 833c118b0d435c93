/** The header's sign-in slot, for pages that show who is signed in. */
import type { Context } from "hono";
import { Account } from "../../../web/components/account";
import type { AppEnv } from "../../edge/context";
import type { SessionUser } from "../../edge/session";

export function accountSlot(c: Context<AppEnv>, user: SessionUser | null) {
  return <Account user={user} returnTo={new URL(c.req.url).pathname} />;
}
