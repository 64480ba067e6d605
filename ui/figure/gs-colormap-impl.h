/* gs-colormap-impl.h — the raw tables behind gs-colormap.c. */
#ifndef GS_COLORMAP_IMPL_H
#define GS_COLORMAP_IMPL_H

extern const float gs_colormap_viridis_table[256][3];
extern const float gs_colormap_magma_table[256][3];
extern const float gs_colormap_cividis_table[256][3];

#endif
