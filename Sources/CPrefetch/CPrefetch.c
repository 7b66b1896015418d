// CPrefetch is header-only (static inline functions for Swift); SwiftPM wants one source file.
#include "CPrefetch.h"
