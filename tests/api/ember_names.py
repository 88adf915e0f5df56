"""The names Ember's public headers declare, read from <ember/torch.h> after the preprocessor (so
that names made by X-macros count). Only the text of Ember's own headers counts, and a name
called as std::name( is the standard library's."""
import pathlib
import re
import subprocess
import tempfile
from dataclasses import dataclass

LINE_MARKER = re.compile(r'^# \d+ "([^"]+)"', re.M)


@dataclass
class EmberNames:
    functions: set  # every name followed by "(": free functions, methods, constructors
    classes: set    # class and struct names, and module names (FooImpl counts as Foo)


def ember_text(include_dir, compiler):
    with tempfile.NamedTemporaryFile("w", suffix=".cpp") as source:
        source.write("#include <ember/torch.h>\n")
        source.flush()
        run = subprocess.run([compiler, "-std=c++20", "-E", "-I", str(include_dir), source.name],
                             capture_output=True, text=True)
    if run.returncode:
        raise SystemExit("preprocessing <ember/torch.h> failed:\n" + run.stderr[-2000:])
    ours = str(pathlib.Path(include_dir).resolve())
    pieces = LINE_MARKER.split(run.stdout)
    # split() alternates text and file names: text before the first marker, then (file, text).
    return "\n".join(text for file, text in zip(pieces[1::2], pieces[2::2])
                     if str(pathlib.Path(file).resolve()).startswith(ours))


def ember_names(include_dir, compiler):
    text = re.sub(r"\bstd::(\w+::)*\w+\s*\(", "(", ember_text(include_dir, compiler))
    classes = set(re.findall(r"\b(?:class|struct)\s+(\w+)", text))
    classes |= {c[:-len("Impl")] for c in classes if c.endswith("Impl")}
    return EmberNames(set(re.findall(r"\b(\w+)\s*\(", text)), classes)
