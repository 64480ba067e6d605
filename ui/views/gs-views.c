/* gs-views.c — the views of the product: one registration line per view. A kind's views live in
 * ui/views/<kind>/ and are listed here next to its app/experiments/ registration. */
#include "gs-view.h"
#include "robust/gs-view-robust.h"

extern const GsView gs_view_metrics;
extern const GsView gs_view_interpolant_critic, gs_view_interpolant_surface,
    gs_view_interpolant_kernel, gs_view_interpolant_distances, gs_view_interpolant_compare,
    gs_view_interpolant_samples;
extern const GsView gs_view_landscape, gs_view_landscape_field, gs_view_landscape_dstar,
    gs_view_landscape_manifold;

void gs_views_register_builtin(void)
{
  gs_view_register(&gs_view_landscape);
  gs_view_register(&gs_view_landscape_field);
  gs_view_register(&gs_view_landscape_dstar);
  gs_view_register(&gs_view_landscape_manifold);
  gs_view_register(&gs_view_metrics);
  gs_view_register(&gs_view_robust_curves);
  gs_view_register(&gs_view_robust_loss_hist);
  gs_view_register(&gs_view_robust_gallery);
  gs_view_register(&gs_view_robust_gallery_regressed);
  gs_view_register(&gs_view_robust_classes);
  gs_view_register(&gs_view_robust_epsilon);
  gs_view_register(&gs_view_robust_plane);
  gs_view_register(&gs_view_interpolant_critic);
  gs_view_register(&gs_view_interpolant_surface);
  gs_view_register(&gs_view_interpolant_kernel);
  gs_view_register(&gs_view_interpolant_distances);
  gs_view_register(&gs_view_interpolant_compare);
  gs_view_register(&gs_view_interpolant_samples);
}
