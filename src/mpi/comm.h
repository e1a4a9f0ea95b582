/*
 * comm.h - verio-mpi's struct cluster over MPI_COMM_WORLD (mpi/comm.c).
 */
#ifndef VERIO_MPI_COMM_H
#define VERIO_MPI_COMM_H

#include "cmd/cluster.h"

/*
 * comm_open() - after MPI_Init_thread(): this process's rank, their
 * number, every rank's host name, and the ops over MPI. Returns 0 or
 * -ENOMEM.
 */
int comm_open(struct cluster *c);

/* comm_close() - free what comm_open() made (before MPI_Finalize). */
void comm_close(struct cluster *c);

#endif /* VERIO_MPI_COMM_H */
