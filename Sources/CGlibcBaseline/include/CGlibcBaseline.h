// Nothing to import: this target only gives the linker hypot and hypotf (hypot.c).
