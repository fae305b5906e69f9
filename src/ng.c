/*
 * ng.c - the NG_ERROR domain declared in ng.h.
 */
#include "ng.h"

G_DEFINE_QUARK(negraph-error-quark, ng_error)
