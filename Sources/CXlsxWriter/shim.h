// libxlsxwriter (Debian libxlsxwriter-dev): the XLSX renderer of recon-report.
#include <xlsxwriter.h>
