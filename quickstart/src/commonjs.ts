// The CommonJS twin of an ES module quick start: the same program as a CommonJS user writes
// it (require() in place of import, the body in an async function in place of top-level
// await), so that one README snippet is run in both module formats.
const NAMED = /^import\s+\{([^}]*)\}\s+from\s+(['"][^'"]+['"]);?$/;
const NAMESPACE = /^import\s+\*\s+as\s+(\w+)\s+from\s+(['"][^'"]+['"]);?$/;
const BARE = /^import\s+(['"][^'"]+['"]);?$/;
// A default import of a CommonJS package (express) is its module.exports.
const DEFAULT = /^import\s+(\w+)\s+from\s+(['"][^'"]+['"]);?$/;

function bindings(list: string): string {
  return list
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => b.replace(/^type\s+/, '').replace(/\s+as\s+/, ': '))
    .join(', ');
}

export function toCommonJs(esm: string): string {
  const requires: string[] = [];
  const body: string[] = [];
  for (const line of esm.split('\n')) {
    const named = NAMED.exec(line);
    const namespace = NAMESPACE.exec(line);
    const bare = BARE.exec(line);
    const fallback = DEFAULT.exec(line);
    if (named) requires.push(`const { ${bindings(named[1] ?? '')} } = require(${named[2]});`);
    else if (namespace) requires.push(`const ${namespace[1]} = require(${namespace[2]});`);
    else if (bare) requires.push(`require(${bare[1]});`);
    else if (fallback) requires.push(`const ${fallback[1]} = require(${fallback[2]});`);
    else if (/^import\s/.test(line)) throw new Error(`no CommonJS form for: ${line} (use named, namespace or CommonJS default imports)`);
    else body.push(line);
  }
  return [
    ...requires,
    '',
    '(async () => {',
    ...body.map((l) => (l ? `  ${l}` : l)),
    '})().catch((error) => {',
    '  console.error(error);',
    '  process.exitCode = 1;',
    '});',
    '',
  ].join('\n');
}
