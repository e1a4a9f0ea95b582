/*
 * emsg.c - escaped messages (see emsg.h).
 */
#include "compat.h"

#include "emsg.h"

char *emsg_escape(char *dst, size_t cap, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	if (!cap)
		return dst;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 0x20 && c < 0x7f) || c == '\n') {
			if (n + 1 >= cap)
				break;
			dst[n++] = (char)c;
		} else {
			if (n + 4 >= cap)
				break;
			dst[n++] = '\\';
			dst[n++] = 'x';
			dst[n++] = hex[c >> 4];
			dst[n++] = hex[c & 15];
		}
	}
	dst[n] = '\0';
	return dst;
}

void veprintf(const char *fmt, va_list ap)
{
	char raw[2048], out[4 * sizeof(raw)];

	vsnprintf(raw, sizeof(raw), fmt, ap);
	fputs(emsg_escape(out, sizeof(out), raw), stderr);
}

void eprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	veprintf(fmt, ap);
	va_end(ap);
}
