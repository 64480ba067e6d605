/* gs-views.c — the views of the product: one registration line per view. A kind's views live in
 * ui/views/<kind>/ and are listed here next to its app/experiments/ registration. */
#include "gs-view.h"

extern const GsView gs_view_metrics;
extern const GsView gs_view_landscape, gs_view_landscape_field, gs_view_landscape_dstar,
    gs_view_landscape_manifold;

void gs_views_register_builtin(void)
{
  gs_view_register(&gs_view_landscape);
  gs_view_register(&gs_view_landscape_field);
  gs_view_register(&gs_view_landscape_dstar);
  gs_view_register(&gs_view_landscape_manifold);
  gs_view_register(&gs_view_metrics);
}
