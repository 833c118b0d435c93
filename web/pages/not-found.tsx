/** The HTML 404 of pages: what was not found, and where to go instead. */
export function NotFoundPage({ what, suggestion }: { what: string; suggestion?: string }) {
  return (
    <>
      <h1>Not found</h1>
      <p>{what}</p>
      {suggestion ? (
        <p>
          <a href={suggestion}>Search the board for it</a>
        </p>
      ) : null}
      <p>
        <a href="/">Back to the leaderboard</a>
      </p>
    </>
  );
}
