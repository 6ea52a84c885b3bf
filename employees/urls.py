from django.urls import path

from . import views

app_name = "employees"

urlpatterns = [
    path("", views.employee_list, name="list"),
    path("tambah/", views.employee_create, name="create"),
    path("<int:pk>/", views.employee_detail, name="detail"),
    path("<int:pk>/ubah/", views.employee_update, name="update"),
    path("<int:pk>/status/", views.employee_set_active, name="set_active"),
]
