/*
 * cpu.c: a CPU-bound module for the wasm-node benchmarks: hashes a 64 KiB buffer (FNV-1a) the given
 * number of rounds (argv[0], default 200), feeding each round's hash into the next buffer, then sorts
 * an array of argv[1] (default and at most 100,000) numbers derived from it, and prints the final hash
 * and the median so no work can be skipped.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint8_t buffer[64 * 1024];
static uint32_t values[100000];

static int compare(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int rounds = argc > 0 ? atoi(argv[0]) : 200;
  size_t count = sizeof values / sizeof values[0];
  if (argc > 1 && (size_t)atoi(argv[1]) < count) count = (size_t)atoi(argv[1]);
  uint32_t hash = 2166136261u;
  for (size_t i = 0; i < sizeof buffer; i++) buffer[i] = (uint8_t)(i * 31 + 7);
  for (int r = 0; r < rounds; r++) {
    for (size_t i = 0; i < sizeof buffer; i++) {
      hash ^= buffer[i];
      hash *= 16777619u;
    }
    buffer[r % sizeof buffer] ^= (uint8_t)hash;
  }
  uint32_t x = hash | 1;
  for (size_t i = 0; i < count; i++) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    values[i] = x;
  }
  qsort(values, count, sizeof values[0], compare);
  printf("hash=%08x median=%08x\n", hash, values[count / 2]);
  return 0;
}
