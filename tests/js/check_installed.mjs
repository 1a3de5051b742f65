// Exits 0 when node_modules holds exactly the locked version of every dependency of
// package.json, 1 otherwise (scripts/setup then runs npm ci; run.sh refuses to start).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (f) => JSON.parse(fs.readFileSync(path.join(here, f)));
try {
  const lock = read("package-lock.json").packages;
  const deps = Object.keys(read("package.json").dependencies ?? {});
  const ok = deps.every(
    (d) => lock["node_modules/" + d].version === read(path.join("node_modules", d, "package.json")).version,
  );
  process.exit(ok ? 0 : 1);
} catch {
  process.exit(1);
}
