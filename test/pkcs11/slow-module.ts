/**
 * A deliberately slow PKCS#11 library for tests: a C shim that forwards every call to SoftHSM2
 * and sleeps at the start of C_GetSlotList, the call a token list makes first: SLOW_P11_MS
 * milliseconds (environment, read on each call), or the number in the file SLOW_P11_MS_FILE
 * names (read on each call, so a test can slow down a shell it started). The sleep is a real native block, as in a
 * reader driver that hangs, so it also shows what the process does at exit with a thread stuck
 * in a driver. Built with gcc against p11-kit's pkcs11.h; undefined when either is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const HEADERS = '/usr/include/p11-kit-1';

const SOURCE = `
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <p11-kit/pkcs11.h>
static CK_FUNCTION_LIST mine;
static CK_FUNCTION_LIST_PTR real;
static CK_RV slow_GetSlotList(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
  long ms = 0;
  const char *env = getenv("SLOW_P11_MS");
  const char *file = getenv("SLOW_P11_MS_FILE");
  if (env) ms = atol(env);
  if (file) {
    FILE *f = fopen(file, "r");
    if (f) {
      if (fscanf(f, "%ld", &ms) != 1) ms = 0;
      fclose(f);
    }
  }
  if (ms > 0) usleep((useconds_t)ms * 1000);
  return real->C_GetSlotList(present, list, count);
}
CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out) {
  if (!real) {
    const char *lib = getenv("SLOW_P11_REAL");
    void *h = lib ? dlopen(lib, RTLD_NOW | RTLD_LOCAL) : NULL;
    CK_C_GetFunctionList gfl = h ? (CK_C_GetFunctionList)dlsym(h, "C_GetFunctionList") : NULL;
    if (!gfl || gfl(&real) != CKR_OK) return CKR_GENERAL_ERROR;
    mine = *real;
    mine.C_GetSlotList = slow_GetSlotList;
  }
  *out = &mine;
  return CKR_OK;
}
`;

/** Compiles the shim into `dir`; set SLOW_P11_REAL to the real library before loading it. */
export function buildSlowModule(dir: string): string | undefined {
  if (!existsSync(path.join(HEADERS, 'p11-kit', 'pkcs11.h'))) return undefined;
  const src = path.join(dir, 'slow-pkcs11.c');
  const out = path.join(dir, 'libslow-pkcs11.so');
  writeFileSync(src, SOURCE);
  const r = spawnSync('gcc', ['-shared', '-fPIC', '-O2', '-o', out, src, '-ldl', `-I${HEADERS}`], { encoding: 'utf8' });
  return r.status === 0 ? out : undefined;
}
