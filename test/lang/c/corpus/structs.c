/* Structs and unions: System V layout, padding, sizeof, offsetof, nested, arrays, copies. */
#include <stdio.h>
#include <stddef.h>
#include <string.h>

struct a { char c; int i; char d; };
struct b { char c; double d; short s; };
struct c { int x; char tail[3]; };
struct packed_like { char a, b, c; };
struct node { int value; struct node *next; };
union u { int i; float f; unsigned char bytes[4]; };
struct point { int x, y; };
struct rect { struct point tl, br; };
typedef struct { long id; char name[12]; } rec_t;

static int area(struct rect r) { return (r.br.x - r.tl.x) * (r.br.y - r.tl.y); }
static struct point mid(struct point a, struct point b) { struct point m = { (a.x + b.x) / 2, (a.y + b.y) / 2 }; return m; }

int main(void) {
    printf("struct a: size %zu, i at %zu, d at %zu\n", sizeof(struct a), offsetof(struct a, i), offsetof(struct a, d));
    printf("struct b: size %zu, d at %zu, s at %zu\n", sizeof(struct b), offsetof(struct b, d), offsetof(struct b, s));
    printf("struct c: size %zu; packed_like: %zu; rec_t: %zu, name at %zu\n", sizeof(struct c), sizeof(struct packed_like), sizeof(rec_t), offsetof(rec_t, name));
    union u v;
    v.f = 1.0f;
    printf("union: size %zu, 1.0f bits 0x%08x, bytes %02x %02x %02x %02x\n", sizeof v, v.i, v.bytes[0], v.bytes[1], v.bytes[2], v.bytes[3]);
    struct node n3 = { 3, NULL }, n2 = { 2, &n3 }, n1 = { 1, &n2 };
    int sum = 0;
    for (struct node *p = &n1; p; p = p->next) sum += p->value;
    printf("list sum %d\n", sum);
    struct rect r = { { 1, 2 }, { 11, 7 } };
    printf("area %d\n", area(r));
    struct point m = mid(r.tl, r.br);
    printf("mid (%d, %d)\n", m.x, m.y);
    struct rect copy = r;
    copy.br.x = 100;
    printf("copy %d vs original %d\n", copy.br.x, r.br.x);
    rec_t recs[3];
    memset(recs, 0, sizeof recs);
    for (int i = 0; i < 3; i++) { recs[i].id = 100 + i; snprintf(recs[i].name, sizeof recs[i].name, "rec-%d", i); }
    for (int i = 0; i < 3; i++) printf("%ld %s\n", recs[i].id, recs[i].name);
    printf("array of rec: %zu bytes, &recs[2] - &recs[0] = %td\n", sizeof recs, &recs[2] - &recs[0]);
    struct point pts[] = { [2] = { .y = 5, .x = 4 }, [0] = { 1, 1 } };
    printf("designated: %zu points, pts[1] = (%d,%d), pts[2] = (%d,%d)\n", sizeof pts / sizeof pts[0], pts[1].x, pts[1].y, pts[2].x, pts[2].y);
    struct point *cl = &(struct point){ 9, 8 };
    printf("compound literal (%d,%d)\n", cl->x, cl->y);
    return 0;
}
