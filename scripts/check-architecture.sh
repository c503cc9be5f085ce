#!/usr/bin/env bash
# The invariants of ARCHITECTURE.md that a machine can check, each with what it checks. Exits 1
# naming every one that does not hold. Run from anywhere; CI runs it (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
fail() { echo "check-architecture: FAIL: $*" >&2; status=1; }
ok() { echo "check-architecture: ok: $*"; }

# 1. The law compiles alone, with nothing that reads files, formats or draws.
tree=$(cargo tree -p delegation-law -e normal --prefix none --locked 2>/dev/null | awk '{print $1}' | sort -u)
bad=""
for crate in calamine zip quick-xml krilla fontdb ttf-parser rust_xlsxwriter chardetng encoding_rs csv csv-core tempfile libc directories iced iced_core winit rfd clap delegation-files delegation-store delegation-session delegation-words; do
    if grep -qx "$crate" <<<"$tree"; then bad="$bad $crate"; fi
done
[ -z "$bad" ] && ok "delegation-law depends on none of the file, GUI or command-line crates" \
    || fail "delegation-law depends on:$bad (cargo tree -p delegation-law -e normal)"

# 2. The parts below the app reach no GUI or command line; the words reach no GUI either.
for part in delegation-files delegation-store delegation-session delegation-words; do
    tree=$(cargo tree -p "$part" -e normal --prefix none --locked 2>/dev/null | awk '{print $1}' | sort -u)
    bad=""
    for crate in iced iced_core winit rfd clap; do
        if grep -qx "$crate" <<<"$tree"; then bad="$bad $crate"; fi
    done
    [ -z "$bad" ] && ok "$part reaches no GUI or command-line crate" || fail "$part depends on:$bad"
done
if cargo tree -p delegation-files -e normal --prefix none --locked 2>/dev/null | grep -qE '^delegation-(store|session|words) '; then
    fail "delegation-files depends on a part above it"
fi
if cargo tree -p delegation-store -e normal --prefix none --locked 2>/dev/null | grep -qE '^delegation-(session|words) '; then
    fail "delegation-store depends on a part above it"
fi

# 3-5. The source itself, by a reader of our own (python3, as on every machine of ours).
python3 - "$@" <<'EOF' || status=1
import os, re, sys

def without_tests(text):
    """The text with its `#[cfg(test)]` items (a test module, a test helper) cut out."""
    out, i = [], 0
    for m in re.finditer(r'#\[cfg\(test\)\]', text):
        if m.start() < i:
            continue
        out.append(text[i:m.start()])
        j = text.find('{', m.end())
        semi = text.find(';', m.end())
        if j < 0 or (0 <= semi < j):
            i = semi + 1
            continue
        depth = 0
        for k in range(j, len(text)):
            depth += {'{': 1, '}': -1}.get(text[k], 0)
            if depth == 0:
                i = k + 1
                break
    out.append(text[i:])
    return ''.join(out)

def rust_files(src):
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if f.endswith('.rs'):
                yield os.path.join(root, f)

failed = False
def fail(msg):
    global failed
    failed = True
    print(f'check-architecture: FAIL: {msg}', file=sys.stderr)

srcs = ['src'] + sorted(os.path.join('crates', c, 'src') for c in os.listdir('crates'))

# 3. No I/O, clock, environment or threads in the law (its tests included: the law's own
# tests need none either).
banned = ['std::fs', 'std::env', 'std::net', 'std::thread', 'File::', 'Local::now', 'Utc::now',
          'SystemTime', 'env!(', 'include_bytes!']
clean = True
for path in rust_files('crates/law/src'):
    text = open(path, encoding='utf-8').read()
    for b in banned:
        for n, line in enumerate(text.split('\n'), 1):
            code = line.split('//')[0]
            if b in code:
                clean = False
                fail(f'{path}:{n}: the law uses {b}')
if clean:
    print('check-architecture: ok: crates/law/src names no file, path, clock, environment or thread')

# 4. No source file over 1,000 lines.
long = [(p, n) for s in srcs for p in rust_files(s)
        if (n := sum(1 for _ in open(p, encoding='utf-8'))) > 1000]
for p, n in long:
    fail(f'{p} has {n} lines (at most 1,000)')
if not long:
    print('check-architecture: ok: no source file over 1,000 lines')

# 5. No module circle of more than two files inside any crate: a module's imports are the
# `crate::` and `super::` paths it names (a parent's `mod child;` is not an import).
def modules(src):
    mods = {}
    for p in rust_files(src):
        rel = os.path.relpath(p, src)[:-3].split(os.sep)
        if rel[-1] in ('mod', 'lib', 'main'):
            rel = rel[:-1]
        mods['::'.join(rel)] = p
    return mods

def imports(mods, name, path):
    text = re.sub(r'//[^\n]*', '', without_tests(open(path, encoding='utf-8').read()))
    here = name.split('::') if name else []
    out = set()
    for m in re.finditer(r'\b(crate|super)((?:::[a-z_][a-z0-9_]*)+)', text):
        rest = m.group(2).split('::')[1:]
        parts = rest if m.group(1) == 'crate' else here[:-1] + rest
        for k in range(len(parts), 0, -1):
            cand = '::'.join(parts[:k])
            if cand in mods:
                if cand != name:
                    out.add(cand)
                break
    return out

def circles(graph):
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1
        stack.append(v); on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found

sys.setrecursionlimit(10000)
for src in srcs:
    mods = modules(src)
    graph = {n: imports(mods, n, p) for n, p in mods.items()}
    for c in circles(graph):
        where = ', '.join(os.path.relpath(mods[m]) for m in c)
        if len(c) > 2:
            fail(f'a module circle of {len(c)} files in {src}: {where}')
        else:
            print(f'check-architecture: note: two modules of {src} import each other: {where}')
print('check-architecture: checked the module circles of ' + ', '.join(srcs))

# 6. Files are read and written only through the guarded I/O (crates/files/src/io): outside
# it, no program file opens, creates or writes a file itself. The locks (which must be opened
# as they are) and /proc (the dialog's look at a child process) are the known exceptions.
direct = re.compile(r'File::(open|create)\(|fs::(write|read|read_to_string)\(|OpenOptions::new\(')
allowed = ('crates/files/src/io/', 'crates/store/src/lock.rs')
for src in srcs:
    for p in rust_files(src):
        if p.startswith(allowed):
            continue
        for n, line in enumerate(without_tests(open(p, encoding='utf-8').read()).split('\n'), 1):
            code = line.split('//')[0]
            if direct.search(code) and '/proc/' not in code:
                fail(f'{p}: reads or writes a file itself (`{code.strip()}`): use delegation_files::io')
if not failed:
    print('check-architecture: ok: files are read and written through delegation_files::io')
sys.exit(1 if failed else 0)
EOF
exit "$status"
