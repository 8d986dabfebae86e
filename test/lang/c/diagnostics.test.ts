// cc-style diagnostics: `file:line:col: severity: message`, the source line with
// its number and a caret under the column (gcc 12's layout), for the errors that
// stop a build and the warnings C programmers rely on.
import { describe, it, expect } from 'vitest';
import { buildC } from '../../../src/lang/c/driver.ts';

const build = (text: string, name = 'prog.c') => buildC([{ name, text }], 'prog');

describe('C diagnostics', () => {
  it('an undeclared identifier is an error with the line and a caret; the build fails', () => {
    const b = build('int main(void) {\n    int x = 1;\n    y = x + 2;\n    return 0;\n}\n');
    expect(b.exe).toBeNull();
    expect(b.text).toBe([
      "prog.c:3:5: error: 'y' undeclared (first use in this function)",
      '    3 |     y = x + 2;',
      '      |     ^',
    ].join('\n'));
  });

  it('warns for an implicit declaration and for incompatible pointer types, as gcc does, and still builds', () => {
    const b = build('#include <stdlib.h>\nint main(void) {\n    char *s = "abc";\n    int *p = s;\n    srand(1);\n    return bar(p);\n}\nint bar(int *p) { return *p != 0; }\n');
    expect(b.text).toBe([
      "prog.c:4:14: warning: initialization of 'int *' from incompatible pointer type 'char *' [-Wincompatible-pointer-types]",
      '    4 |     int *p = s;',
      '      |              ^',
      "prog.c:6:12: warning: implicit declaration of function 'bar' [-Wimplicit-function-declaration]",
      '    6 |     return bar(p);',
      '      |            ^',
    ].join('\n'));
    expect(b.exe).not.toBeNull();
  });

  it('checks printf formats against the arguments, pointing at the conversion', () => {
    const b = build('#include <stdio.h>\nint main(void) {\n    char *s = "x";\n    long n = 3;\n    printf("%d %s %d\\n", s, 5, n);\n    return 0;\n}\n');
    expect(b.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual([
      "5:14: format '%d' expects argument of type 'int', but argument 2 has type 'char *' [-Wformat=]",
      "5:17: format '%s' expects argument of type 'char *', but argument 3 has type 'int' [-Wformat=]",
      "5:20: format '%d' expects argument of type 'int', but argument 4 has type 'long int' [-Wformat=]",
    ]);
  });

  it('a syntax error names what was expected', () => {
    const b = build('int main(void) {\n    int x = 1\n    return x;\n}\n');
    expect(b.exe).toBeNull();
    expect(b.text.split('\n')[0]).toBe("prog.c:3:5: error: expected ',' or ';' before 'return'");
  });

  it('errors in a header name the header and line; #error stops the build', () => {
    const b = build('#define LIMIT 2\n#if LIMIT > 1\n#error "limit too high"\n#endif\n');
    expect(b.text.split('\n')[0]).toBe('prog.c:3:2: error: #error "limit too high"');
  });

  it('calling a function no unit defines and the library lacks is a link error', () => {
    const b = build('int missing(int);\nint main(void) { return missing(1); }\n');
    expect(b.exe).toBeNull();
    expect(b.text.split('\n')[0]).toBe("prog.c:2:25: error: undefined reference to 'missing'");
  });

  it.each([
    ['an array of VLAs', 'int main(void) { int n = 2; int a[3][n]; return 0; }', "prog.c:1:38: error: an array of variable-length arrays is not supported by this compiler (only the first dimension may be variable)"],
    ['a VLA at file scope', 'int n = 2;\nint a[n];\nint main(void) { return 0; }', "prog.c:2:7: error: variable-length arrays are not supported by this compiler here (only as a local array's one dimension: T a[n])"],
    ['& of a VLA', 'int main(void) { int n = 2; int a[n]; int (*p)[] = &a; return 0; }', "prog.c:1:52: error: the address of the variable-length array 'a' (&a) is not supported by this compiler; use a or &a[0]"],
    ['a bit-field in a packed struct', 'struct __attribute__((packed)) s { int a : 3; };\nint main(void) { return 0; }', "prog.c:1:32: error: bit-fields in a packed structure are not supported by this compiler"],
    ['an atomic double', '#include <stdatomic.h>\n_Atomic double d;\nint main(void) { return (int)atomic_load(&d); }', "prog.c:3:30: error: atomic operations on floating-point objects are not supported by this compiler"],
    ['_Generic telling qualifiers apart', 'int main(void) { char *p = 0; return _Generic(p, char *: 1, const char *: 2); }', "prog.c:1:61: error: '_Generic' associations that differ only in qualifiers are not supported by this compiler"],
    ['a statement expression', 'int main(void) { return ({ 1; }); }', 'prog.c:1:25: error: statement expressions are not supported by this compiler'],
  ])('%s: a clear not-supported error at file:line:col, no crash', (_what, src, first) => {
    const b = build(src);
    expect(b.exe).toBeNull();
    expect(b.text.split('\n')[0]).toBe(first);
  });

  it('the errors gcc gives for misused bit-fields, VLAs and _Generic', () => {
    const first = (src: string) => build(src).text.split('\n')[0];
    expect(first('struct s { int a : 3; } x;\nint main(void) { return sizeof x.a; }')).toBe("prog.c:2:25: error: 'sizeof' applied to a bit-field");
    expect(first('struct s { int a : 3; } x;\nint main(void) { int *p = &x.a; return 0; }')).toBe("prog.c:2:27: error: cannot take address of bit-field 'a'");
    expect(first('struct s { int a : 33; };')).toBe("prog.c:1:20: error: width of 'a' exceeds its type");
    expect(first('struct s { int a : 0; };')).toBe("prog.c:1:16: error: zero width for bit-field 'a'");
    expect(first('int main(void) { int n = 2; int a[n] = { 1 }; return 0; }')).toBe('prog.c:1:38: error: variable-sized object may not be initialized');
    expect(first('int main(void) { return _Generic(1.0, int: 1); }')).toBe("prog.c:1:25: error: '_Generic' selector of type 'double' is not compatible with any association");
  });
});
