#!/usr/bin/env python3
"""The documentation check of ``make lint`` (scripts/lint.sh).

In the README, the docs/ folder, bench/README.md and every addon's readme/:

- every relative link or image (``[text](path)``, ``[ref]: path``, ``href=``,
  ``src=``) points to a file or folder that exists inside the repository and is
  not git-ignored; ``#anchors`` into Markdown files name an existing heading;
- a file path written as code (``aftersales_service/engine/sla.py``) whose first
  folder is one of the repository's names exists;
- nothing points outside the repository (``../shared/...``);
- the README names every engine module (``aftersales_*/engine/*.py``).

Prints one line per problem (``file:line: message``) and exits 1 if any.
Plain Python, no Odoo: ``python3 scripts/check_docs.py [ROOT]``.
"""

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

DOC_GLOBS = ("*.md", "docs/**/*.md", "*/README.md", "aftersales_*/readme/*.md")
# Folders that never belong to a clone (set up locally by the scripts).
LOCAL_DIRS = {".git", ".venv", ".pgdata", ".pgrun", ".run", "__pycache__"}

FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
REFERENCE_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
PATH_IN_CODE = re.compile(r"^[\w.-]+(?:/[\w.-]+)+/?$")
PARENT_PATH = re.compile(r"(?<![\w./])\.\./[\w./-]*")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def github_slug(heading):
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces → '-'."""
    text = re.sub(r"`|\*\*|__|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    """Every anchor of a Markdown file's headings (duplicates get -1, -2...)."""
    seen, result = {}, set()
    in_fence = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = not in_fence and HEADING.match(line)
        if match:
            slug = github_slug(match.group(1))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            result.add(slug if not count else f"{slug}-{count}")
    return result


class Checker:
    def __init__(self, root):
        self.root = Path(root).resolve()
        self.problems = []
        self._anchors = {}
        top = [p for p in self.root.iterdir() if p.name not in LOCAL_DIRS]
        self.ignored = self._git_ignored(top)
        self.top_names = {p.name for p in top if p not in self.ignored}

    # -- helpers --------------------------------------------------------
    def _git_ignored(self, paths):
        """The paths git ignores (none when the tree is not a git checkout)."""
        if not paths:
            return set()
        try:
            out = subprocess.run(
                ["git", "-C", str(self.root), "check-ignore", "--stdin", "-z"],
                input="\0".join(str(p) for p in paths),
                capture_output=True,
                text=True,
                check=False,
            ).stdout
        except OSError:
            return set()
        return {Path(p) for p in out.split("\0") if p}

    def report(self, doc, lineno, message):
        self.problems.append(f"{doc.relative_to(self.root)}:{lineno}: {message}")

    def inside(self, target):
        return target == self.root or self.root in target.parents

    def untracked(self, target):
        """Set up locally or ignored by git: a clone will not have it."""
        parts = target.relative_to(self.root).parts
        return bool(LOCAL_DIRS.intersection(parts)) or target in self._git_ignored([target])

    def documents(self):
        found = set()
        for pattern in DOC_GLOBS:
            found.update(p.resolve() for p in self.root.glob(pattern))
        docs = [
            p for p in found if self.inside(p) and not LOCAL_DIRS.intersection(p.relative_to(self.root).parts)
        ]
        ignored = self._git_ignored(docs)
        return sorted(p for p in docs if p not in ignored)

    # -- checks ---------------------------------------------------------
    def check_link(self, doc, lineno, target):
        if SCHEME.match(target) or target.startswith("//"):
            return  # a web address or mailto:, not a file of the repository
        path_part, _, anchor = target.partition("#")
        if not path_part:
            if anchor and anchor not in self.anchors_of(doc):
                self.report(doc, lineno, f"'#{anchor}' names no heading of this file")
            return
        if path_part.startswith("/"):
            self.report(doc, lineno, f"'{target}': write the link relative to this file")
            return
        resolved = (doc.parent / unquote(path_part)).resolve()
        if not self.inside(resolved):
            self.report(doc, lineno, f"'{target}' points outside the repository")
        elif not resolved.exists():
            self.report(doc, lineno, f"'{target}' does not exist")
        elif self.untracked(resolved):
            self.report(doc, lineno, f"'{target}' is local (ignored by git): a clone will not have it")
        elif anchor and resolved.suffix == ".md" and anchor not in self.anchors_of(resolved):
            self.report(doc, lineno, f"'{target}': no such heading in {resolved.name}")

    def anchors_of(self, path):
        if path not in self._anchors:
            self._anchors[path] = anchors(path)
        return self._anchors[path]

    def check_code_path(self, doc, lineno, span):
        """`folder/file` written as code, its first folder one of the repository's."""
        span = span.strip()
        if not PATH_IN_CODE.match(span) or span.split("/", 1)[0] not in self.top_names:
            return
        if not (self.root / span).exists():
            self.report(doc, lineno, f"'{span}' does not exist in the repository")

    def check_document(self, doc):
        in_fence = False
        for lineno, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            targets = INLINE_LINK.findall(line) + HTML_LINK.findall(line)
            targets += REFERENCE_DEF.findall(line)
            for target in targets:
                self.check_link(doc, lineno, target)
            for span in CODE_SPAN.findall(line):
                self.check_code_path(doc, lineno, span)
            for parent_path in PARENT_PATH.findall(line):
                if parent_path in targets:
                    continue  # a link, checked above
                if not self.inside((doc.parent / parent_path).resolve()):
                    self.report(doc, lineno, f"'{parent_path}' points outside the repository")

    def check_engines_listed(self):
        readme = self.root / "README.md"
        text = readme.read_text(encoding="utf-8") if readme.exists() else ""
        for engine in sorted(self.root.glob("aftersales_*/engine/*.py")):
            if engine.name == "__init__.py":
                continue
            rel = engine.relative_to(self.root).as_posix()
            if rel not in text:
                self.problems.append(f"README.md: the layout does not name the engine {rel}")

    def run(self):
        docs = self.documents()
        for doc in docs:
            self.check_document(doc)
        self.check_engines_listed()
        return docs


def main(argv):
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    checker = Checker(root)
    docs = checker.run()
    for problem in checker.problems:
        print(problem)
    if checker.problems:
        print(f"{len(checker.problems)} documentation problem(s) in {len(docs)} files", file=sys.stderr)
        return 1
    print(f"documentation links: {len(docs)} files checked, all links inside the repository and present")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
