// Stops at once on a Node.js older than the one wrangler and miniflare need.
export const REQUIRED_NODE_MAJOR = 22;

/** The message to show for this Node.js version, or null when it is recent enough. */
export function nodeVersionProblem(version) {
  const major = Number(version.split(".")[0]);
  if (major >= REQUIRED_NODE_MAJOR) return null;
  return (
    `Podium needs Node.js ${REQUIRED_NODE_MAJOR} or newer (wrangler and miniflare require it); this is Node.js ${version}.\n` +
    `Install Node.js ${REQUIRED_NODE_MAJOR}+ (for example \`npm install --prefix ~/.node22 node@${REQUIRED_NODE_MAJOR}\` ` +
    `and put ~/.node22/node_modules/.bin first on PATH), then run the command again.`
  );
}

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
