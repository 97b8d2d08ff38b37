/*
 * GEMM on Java arrays without copying them: the JNI half of dev.plumb.tensor.PinnedGemm.
 *
 * Each call pins its three arrays with GetPrimitiveArrayCritical, hands their addresses to OpenBLAS's
 * cblas_sgemm / cblas_dgemm and releases them. The CBLAS function is not linked here: Java passes its
 * address, looked up (lookup below) in the very OpenBLAS library file that JavaCPP has already loaded, so
 * this file needs only <jni.h> and <dlfcn.h> and builds with any C compiler. Bounds are checked on the Java side before the call; between
 * Get and Release no JNI function is called, as the critical-region rules require.
 */
#include <dlfcn.h>
#include <jni.h>
#include <stdint.h>

enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

/* Raised when the Java side and this library disagree about the functions below. */
#define PLUMB_PINNED_GEMM_ABI 2

typedef void (*sgemm_fn)(int order, int transA, int transB, int m, int n, int k, float alpha,
                         const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);
typedef void (*dgemm_fn)(int order, int transA, int transB, int m, int n, int k, double alpha,
                         const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc);

JNIEXPORT jint JNICALL Java_dev_plumb_tensor_PinnedGemm_abi(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return PLUMB_PINNED_GEMM_ABI;
}

/*
 * The address of `symbol` in the already loaded library at `path` (RTLD_NOLOAD: never loads anything), or 0.
 * Looking in that file, not in the process's global symbols, guarantees the CBLAS of the OpenBLAS that
 * JavaCPP loaded, whatever else the process has loaded.
 */
JNIEXPORT jlong JNICALL Java_dev_plumb_tensor_PinnedGemm_lookup(JNIEnv *env, jclass cls, jstring path, jstring symbol) {
    (void) cls;
    const char *p = (*env)->GetStringUTFChars(env, path, NULL);
    if (p == NULL) {
        return 0;
    }
    const char *s = (*env)->GetStringUTFChars(env, symbol, NULL);
    if (s == NULL) {
        (*env)->ReleaseStringUTFChars(env, path, p);
        return 0;
    }
    void *address = NULL;
    void *handle = dlopen(p, RTLD_LAZY | RTLD_NOLOAD);
    if (handle != NULL) {
        address = dlsym(handle, s);
        dlclose(handle); /* drops the reference RTLD_NOLOAD took; JavaCPP's own keeps the library loaded */
    }
    (*env)->ReleaseStringUTFChars(env, symbol, s);
    (*env)->ReleaseStringUTFChars(env, path, p);
    return (jlong) (intptr_t) address;
}

/* Pins a, b and c (in that order); on failure releases what was pinned and returns 0 (an OutOfMemoryError is pending). */
static int pin(JNIEnv *env, jarray a, void **pa, jarray b, void **pb, jarray c, void **pc) {
    *pa = (*env)->GetPrimitiveArrayCritical(env, a, NULL);
    if (*pa == NULL) {
        return 0;
    }
    *pb = (*env)->GetPrimitiveArrayCritical(env, b, NULL);
    if (*pb == NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, a, *pa, JNI_ABORT);
        return 0;
    }
    *pc = (*env)->GetPrimitiveArrayCritical(env, c, NULL);
    if (*pc == NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, b, *pb, JNI_ABORT);
        (*env)->ReleasePrimitiveArrayCritical(env, a, *pa, JNI_ABORT);
        return 0;
    }
    return 1;
}

/* Unpins in reverse order; only c's contents are written back (a JVM that copied a and b drops the copies). */
static void unpin(JNIEnv *env, jarray a, void *pa, jarray b, void *pb, jarray c, void *pc) {
    (*env)->ReleasePrimitiveArrayCritical(env, c, pc, 0);
    (*env)->ReleasePrimitiveArrayCritical(env, b, pb, JNI_ABORT);
    (*env)->ReleasePrimitiveArrayCritical(env, a, pa, JNI_ABORT);
}

JNIEXPORT void JNICALL Java_dev_plumb_tensor_PinnedGemm_sgemm(JNIEnv *env, jclass cls, jlong fn,
        jboolean transA, jboolean transB, jint m, jint n, jint k, jfloat alpha, jfloatArray a, jint lda,
        jfloatArray b, jint ldb, jfloat beta, jfloatArray c, jint ldc) {
    (void) cls;
    void *pa, *pb, *pc;
    if (!pin(env, a, &pa, b, &pb, c, &pc)) {
        return;
    }
    ((sgemm_fn) (intptr_t) fn)(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                               alpha, pa, lda, pb, ldb, beta, pc, ldc);
    unpin(env, a, pa, b, pb, c, pc);
}

JNIEXPORT void JNICALL Java_dev_plumb_tensor_PinnedGemm_dgemm(JNIEnv *env, jclass cls, jlong fn,
        jboolean transA, jboolean transB, jint m, jint n, jint k, jdouble alpha, jdoubleArray a, jint lda,
        jdoubleArray b, jint ldb, jdouble beta, jdoubleArray c, jint ldc) {
    (void) cls;
    void *pa, *pb, *pc;
    if (!pin(env, a, &pa, b, &pb, c, &pc)) {
        return;
    }
    ((dgemm_fn) (intptr_t) fn)(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                               alpha, pa, lda, pb, ldb, beta, pc, ldc);
    unpin(env, a, pa, b, pb, c, pc);
}
