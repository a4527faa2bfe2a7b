/* The decompression floor (Benchmarks/e2e.sh, job e): inflate gzip files with zlib, the library
 * recon uses, on N threads (default 2), one file at a time per thread, output discarded.
 *
 *   cc -O2 -pthread -o inflate_floor inflate_floor.c -lz
 *   ./inflate_floor [-j 2] FILE...
 *
 * With ISA-L (Debian's libisal-dev), to weigh it against zlib on the same files:
 *   cc -O2 -pthread -DWITH_ISAL -o inflate_floor inflate_floor.c -lz -lisal
 *   ./inflate_floor [-j 2] --isal FILE...
 *
 * Streams like recon's GzipReader: windowBits 15+32, a 1 MiB output buffer, inflateReset at the
 * end of each member (multi-member files), trailing zero padding ignored. Prints the files, the
 * compressed and expanded bytes and the seconds it took. A corrupt file (the demo inbox has some on
 * purpose) is inflated as far as it goes and counted, not fatal.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#ifdef WITH_ISAL
#include <isa-l/igzip_lib.h>
#endif

static char **files;
static int nfiles;
static atomic_int next_file;
static atomic_llong in_total, out_total;
static atomic_int failed;   /* corrupt files */

static int use_isal;

/* Reads a whole file; NULL on error. */
static unsigned char *read_file(const char *path, size_t *size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror(path); return NULL; }
    struct stat st;
    if (fstat(fd, &st) != 0) { perror(path); close(fd); return NULL; }
    size_t n = (size_t)st.st_size;
    unsigned char *in = malloc(n ? n : 1);
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, in + got, n - got);
        if (r <= 0) { perror(path); free(in); close(fd); return NULL; }
        got += (size_t)r;
    }
    close(fd);
    *size = n;
    return in;
}

#ifdef WITH_ISAL
/* The same with ISA-L's igzip: the gzip header and trailer parsed by it, members one after another. */
static int inflate_isal(unsigned char *in, size_t n, unsigned char *out, size_t outsz, long long *produced) {
    struct inflate_state s;
    isal_inflate_init(&s);
    s.crc_flag = ISAL_GZIP;
    s.next_in = in;
    s.avail_in = (uint32_t)n;
    for (;;) {
        s.next_out = out;
        s.avail_out = (uint32_t)outsz;
        int rc = isal_inflate(&s);
        *produced += (long long)(outsz - s.avail_out);
        if (rc != ISAL_DECOMP_OK) return -1;
        if (s.block_state == ISAL_BLOCK_FINISH) {
            while (s.avail_in > 0 && *s.next_in == 0) { s.next_in++; s.avail_in--; }   /* padding */
            if (s.avail_in == 0) return 0;
            uint8_t *next = s.next_in;
            uint32_t left = s.avail_in;
            isal_inflate_reset(&s);                                                   /* next member */
            s.crc_flag = ISAL_GZIP;
            s.next_in = next;
            s.avail_in = left;
            continue;
        }
        if (s.avail_in == 0 && s.avail_out != 0) return -1;
    }
}
#endif

static int inflate_file(const char *path, unsigned char *out, size_t outsz) {
    size_t n;
    unsigned char *in = read_file(path, &n);
    if (!in) return -1;
#ifdef WITH_ISAL
    if (use_isal) {
        long long produced = 0;
        int rc = inflate_isal(in, n, out, outsz, &produced);
        free(in);
        atomic_fetch_add(&in_total, (long long)n);
        atomic_fetch_add(&out_total, produced);
        return rc;
    }
#endif
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, 15 + 32) != Z_OK) { free(in); return -1; }
    s.next_in = in;
    s.avail_in = (uInt)n;
    long long produced = 0;
    int rc = Z_OK;
    for (;;) {
        s.next_out = out;
        s.avail_out = (uInt)outsz;
        rc = inflate(&s, Z_NO_FLUSH);
        produced += (long long)(outsz - s.avail_out);
        if (rc == Z_STREAM_END) {
            while (s.avail_in > 0 && *s.next_in == 0) { s.next_in++; s.avail_in--; }   /* padding */
            if (s.avail_in == 0) break;
            inflateReset(&s);                                                          /* next member */
            continue;
        }
        if (rc != Z_OK) { break; }
        if (s.avail_in == 0 && s.avail_out != 0) { rc = Z_DATA_ERROR; break; }
    }
    inflateEnd(&s);
    free(in);
    atomic_fetch_add(&in_total, (long long)n);
    atomic_fetch_add(&out_total, produced);
    return rc == Z_STREAM_END ? 0 : -1;
}

static void *worker(void *arg) {
    (void)arg;
    size_t outsz = 1 << 20;
    unsigned char *out = malloc(outsz);
    for (;;) {
        int i = atomic_fetch_add(&next_file, 1);
        if (i >= nfiles) break;
        if (inflate_file(files[i], out, outsz) != 0) atomic_fetch_add(&failed, 1);
    }
    free(out);
    return NULL;
}

int main(int argc, char **argv) {
    int threads = 2, first = 1;
    if (argc > 2 && strcmp(argv[1], "-j") == 0) { threads = atoi(argv[2]); first = 3; }
    if (first < argc && strcmp(argv[first], "--isal") == 0) {
#ifdef WITH_ISAL
        use_isal = 1;
        first++;
#else
        fprintf(stderr, "%s: built without ISA-L (-DWITH_ISAL -lisal)\n", argv[0]);
        return 2;
#endif
    }
    if (threads < 1 || first >= argc) { fprintf(stderr, "usage: %s [-j N] FILE...\n", argv[0]); return 2; }
    files = argv + first;
    nfiles = argc - first;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pthread_t *ts = calloc((size_t)threads, sizeof *ts);
    for (int t = 0; t < threads; t++) pthread_create(&ts[t], NULL, worker, NULL);
    for (int t = 0; t < threads; t++) pthread_join(ts[t], NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("inflate_floor: %d files (%d corrupt), %lld bytes in, %lld bytes out, %d threads, %.3f s, %.0f MB/s out\n",
           nfiles, (int)failed, (long long)in_total, (long long)out_total, threads, secs, (double)out_total / 1e6 / secs);
    return 0;
}
