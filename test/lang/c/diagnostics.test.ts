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
});
