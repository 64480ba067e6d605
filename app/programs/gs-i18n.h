/* gs-i18n.h — gettext set-up shared by ganscape and ganscape-cli. */
#ifndef GS_I18N_H
#define GS_I18N_H

/* Switch to the user's locale and bind the "ganscape" message catalogue: from
 * $GANSCAPE_LOCALEDIR when set (uninstalled runs and tests use <build>/po), otherwise from
 * the installed locale directory. */
void gs_i18n_init(void);

#endif /* GS_I18N_H */
