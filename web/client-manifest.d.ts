// The build writes dist/client-manifest.json (island name → hashed script URL); on a clean checkout it does
// not exist yet, and this declaration stands in for it so the typecheck needs no build.
declare module "*/dist/client-manifest.json" {
  const manifest: Record<string, string>;
  export default manifest;
}
