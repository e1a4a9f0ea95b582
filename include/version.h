/*
 * version.h - verio's version string, defined once: "verio-" VERIO_VERSION
 * is what --version, the report header and JSON "verio version" show.
 */
#ifndef VERIO_INCLUDE_VERSION_H
#define VERIO_INCLUDE_VERSION_H

#define VERIO_VERSION "0.1"

#endif /* VERIO_INCLUDE_VERSION_H */
