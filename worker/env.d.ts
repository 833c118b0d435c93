/**
 * Bindings that wrangler.toml cannot declare, merged into the generated `Env`: an optional secret is neither a
 * var nor a required secret (listing it would make every deploy demand it).
 */
interface Env {
  /** The SESSION_SECRET before the last rotation: it verifies cookies (never signs) while it is set. */
  SESSION_SECRET_PREVIOUS?: string;
}
