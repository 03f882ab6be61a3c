#!/usr/bin/env bash
# Regenerates common-passwords.txt from the ranked password list in the npm package @zxcvbn-ts/language-common
# (MIT licence, (c) 2012-2016 Dan Wheeler and Dropbox, Inc., (c) 2021 zxcvbn-ts). Needs npm and node.
# Keeps, lower-cased (the policy compares case-insensitively) and in rank order:
# - the 10,000 most frequent entries that are 8 to 64 characters long (shorter ones fail the length rule anyway), then
# - the 2,000 most frequent entries of 4 to 7 characters, for the "common word plus digits" check (Monkey2024!).
set -euo pipefail
cd "$(dirname "$0")"
version=4.1.3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "@zxcvbn-ts/language-common@$version" --silent >/dev/null && tar xzf ./*.tgz)
node -e '
  const list = require(process.argv[1]);
  const seen = new Set(); const out = [];
  const take = (min, max, count) => {
    let taken = 0;
    for (const p of list) {
      const n = p.normalize("NFKC").toLowerCase();
      const len = [...n].length;
      if (len < min || len > max || seen.has(n)) continue;
      seen.add(n); out.push(n);
      if (++taken === count) break;
    }
  };
  take(8, 64, 10000);
  take(4, 7, 2000);
  process.stdout.write(out.join("\n") + "\n");
' "$work/package/src/passwords.json" > common-passwords.txt
wc -l common-passwords.txt
