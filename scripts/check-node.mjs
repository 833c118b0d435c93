// Stops at once on a Node.js older than the one wrangler and miniflare need.
const required = 22;
const major = Number(process.versions.node.split(".")[0]);
if (major < required) {
  console.error(
    `Podium needs Node.js ${required} or newer (wrangler and miniflare require it); this is Node.js ${process.versions.node}.\n` +
      `Install Node.js ${required}+ (for example \`npm install --prefix ~/.node22 node@${required}\` and put ` +
      `~/.node22/node_modules/.bin first on PATH), then run the command again.`,
  );
  process.exit(1);
}
