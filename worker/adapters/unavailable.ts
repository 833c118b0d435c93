/** An outside service (the Hub, Hugging Face sign-in) did not answer usefully: the edge answers 503. */
export class Unavailable extends Error {
  readonly code = "unavailable";

  constructor(
    message: string,
    /** Seconds to wait before trying again, for Retry-After; none when unknown. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "Unavailable";
  }
}
