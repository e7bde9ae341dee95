"""The meetings app's pages: scheduling and agendas, then what happens at and after a meeting."""

from taskforce.meetings import proceedings_urls, schedule_urls

app_name = "meetings"

urlpatterns = [*schedule_urls.urlpatterns, *proceedings_urls.urlpatterns]
