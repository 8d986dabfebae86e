#ifndef _STDATOMIC_H
#define _STDATOMIC_H
typedef enum { memory_order_relaxed, memory_order_consume, memory_order_acquire, memory_order_release, memory_order_acq_rel, memory_order_seq_cst } memory_order;
typedef _Atomic(int) atomic_int;
typedef _Atomic(unsigned int) atomic_uint;
typedef _Atomic(_Bool) atomic_bool;
typedef _Atomic(char) atomic_char;
typedef _Atomic(signed char) atomic_schar;
typedef _Atomic(unsigned char) atomic_uchar;
typedef _Atomic(short) atomic_short;
typedef _Atomic(unsigned short) atomic_ushort;
typedef _Atomic(long) atomic_long;
typedef _Atomic(unsigned long) atomic_ulong;
typedef _Atomic(long long) atomic_llong;
typedef _Atomic(unsigned long long) atomic_ullong;
typedef _Atomic(long) atomic_intptr_t;
typedef _Atomic(unsigned long) atomic_uintptr_t;
typedef _Atomic(unsigned long) atomic_size_t;
typedef _Atomic(long) atomic_ptrdiff_t;
typedef _Atomic(long) atomic_intmax_t;
typedef _Atomic(unsigned long) atomic_uintmax_t;
typedef struct { _Atomic(int) __v; } atomic_flag;
#define ATOMIC_VAR_INIT(v) (v)
#define ATOMIC_FLAG_INIT { 0 }
#define atomic_init(obj, v) (*(obj) = (v))
#define atomic_load(obj) __gm_atomic(load, obj)
#define atomic_load_explicit(obj, mo) __gm_atomic(load, obj)
#define atomic_store(obj, v) __gm_atomic(store, obj, v)
#define atomic_store_explicit(obj, v, mo) __gm_atomic(store, obj, v)
#define atomic_exchange(obj, v) __gm_atomic(xchg, obj, v)
#define atomic_exchange_explicit(obj, v, mo) __gm_atomic(xchg, obj, v)
#define atomic_fetch_add(obj, v) __gm_atomic(add, obj, v)
#define atomic_fetch_add_explicit(obj, v, mo) __gm_atomic(add, obj, v)
#define atomic_fetch_sub(obj, v) __gm_atomic(sub, obj, v)
#define atomic_fetch_sub_explicit(obj, v, mo) __gm_atomic(sub, obj, v)
#define atomic_fetch_and(obj, v) __gm_atomic(and, obj, v)
#define atomic_fetch_and_explicit(obj, v, mo) __gm_atomic(and, obj, v)
#define atomic_fetch_or_explicit(obj, v, mo) __gm_atomic(or, obj, v)
#define atomic_fetch_xor_explicit(obj, v, mo) __gm_atomic(xor, obj, v)
#define atomic_fetch_or(obj, v) __gm_atomic(or, obj, v)
#define atomic_fetch_xor(obj, v) __gm_atomic(xor, obj, v)
#define atomic_compare_exchange_strong(obj, expected, desired) __gm_atomic(cas, obj, expected, desired)
#define atomic_compare_exchange_weak(obj, expected, desired) __gm_atomic(cas, obj, expected, desired)
#define atomic_compare_exchange_strong_explicit(obj, expected, desired, s, f) __gm_atomic(cas, obj, expected, desired)
#define atomic_compare_exchange_weak_explicit(obj, expected, desired, s, f) __gm_atomic(cas, obj, expected, desired)
#define atomic_thread_fence(mo) __gm_atomic(fence)
#define atomic_flag_test_and_set(f) __gm_atomic(xchg, &(f)->__v, 1)
#define atomic_flag_clear(f) __gm_atomic(store, &(f)->__v, 0)
#define atomic_flag_test_and_set_explicit(f, mo) __gm_atomic(xchg, &(f)->__v, 1)
#define atomic_flag_clear_explicit(f, mo) __gm_atomic(store, &(f)->__v, 0)
#define atomic_is_lock_free(obj) (sizeof *(obj) == 4)
#endif
