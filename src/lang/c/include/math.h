#ifndef _MATH_H
#define _MATH_H
#define HUGE_VAL (1e300 * 1e300)
#define INFINITY (1e300f * 1e300f)
#define NAN (0.0f / 0.0f)
#define M_PI 3.14159265358979323846
#define M_E 2.7182818284590452354
double sqrt(double x);
double fabs(double x);
double floor(double x);
double ceil(double x);
double pow(double x, double y);
double exp(double x);
double log(double x);
double log10(double x);
double sin(double x);
double cos(double x);
double tan(double x);
double atan(double x);
double atan2(double y, double x);
double fmod(double x, double y);
double round(double x);
double trunc(double x);
#endif
