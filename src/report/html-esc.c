/*
 * html-esc.c - text made safe for an HTML page (report/html-priv.h).
 */
#include "compat.h"

#include <string.h>

#include "report/html-priv.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and values past U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void html_escn(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t len = utf8_len(p + i, n - i);

		switch (len ? p[i] : 0) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		case 0:
			fputs("\xef\xbf\xbd", f);	/* U+FFFD */
			len = 1;
			break;
		default:
			if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n')
				fputs("\xef\xbf\xbd", f);
			else if (p[i] == 0x7f)
				fputs("\xef\xbf\xbd", f);
			else
				fwrite(p + i, 1, len, f);
		}
		i += len;
	}
}

void html_esc(FILE *f, const char *s)
{
	if (s)
		html_escn(f, s, strlen(s));
}
