/** `/account` (who is signed in, sign out everywhere) and `/signin`, the local dev sign-in form. */
import { renderDocument } from "../../../web/document";
import { AccountPage } from "../../../web/pages/account";
import { DevSignInPage } from "../../../web/pages/signin";
import { createRouter } from "../../edge/context";
import { PodiumError } from "../../edge/errors";
import { currentUser, devAuthOn } from "../../edge/session";
import { accountSlot } from "./account-slot";
import { safeReturn } from "./auth";

export const accountPages = createRouter()
  .get("/account", async (c) => {
    const user = await currentUser(c);
    return c.html(
      renderDocument({
        title: "Account — Podium",
        account: accountSlot(c, user),
        children: <AccountPage user={user} />,
      }),
    );
  })
  .get("/signin", async (c) => {
    if (!devAuthOn(c)) throw new PodiumError("not_found", "No such route");
    return c.html(
      renderDocument({
        title: "Sign in — Podium",
        account: accountSlot(c, await currentUser(c)),
        children: <DevSignInPage returnTo={safeReturn(c.req.query("return"))} />,
      }),
    );
  });
