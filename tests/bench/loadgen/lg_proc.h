/*
 * lg_proc.h - what /proc and getrusage say about a process: the watched
 * daemon's memory, and the load generator's own CPU time (to tell whether
 * the generator itself was the bottleneck).
 */
#ifndef SMSB_LG_PROC_H
#define SMSB_LG_PROC_H

/* VmRSS and VmHWM of pid in kB; -1 each when unreadable. */
void lg_proc_rss(int pid, long *rss_kb, long *hwm_kb);

/* CPU seconds (user + system) of pid from /proc/PID/stat; -1 when unreadable. */
double lg_proc_cpu(int pid);

/* CPU seconds (user + system) this process has used so far. */
double lg_proc_self_cpu(void);

#endif
