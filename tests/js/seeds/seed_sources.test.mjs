// The snippets the seed tests run are the seeds' own bytes: each file in manifest.json equals
// its line range of ../shared/seeds (the product's specification, beside the repository).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { HERE, seedLines } from './harness.mjs';

const manifest = JSON.parse(readFileSync(join(HERE, 'manifest.json'), 'utf8'));
const seeds = join(HERE, '..', '..', '..', '..', 'shared', 'seeds');

describe('seed snippets are verbatim', () => {
  for (const entry of manifest) {
    it(`${entry.file} is lines ${entry.from}-${entry.to} of seed ${entry.seed}`, (t) => {
      if (!existsSync(join(seeds, entry.seedFile))) {
        t.skip(`../shared/seeds/${entry.seedFile} is not beside this checkout; nothing to compare with`);
        return;
      }
      assert.equal(readFileSync(join(HERE, entry.file), 'utf8'), seedLines(entry.seedFile, entry.from, entry.to));
    });
  }
});
