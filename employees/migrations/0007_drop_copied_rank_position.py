from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0006_fill_histories"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='employee',
            name='eselon',
        ),
        migrations.RemoveField(
            model_name='employee',
            name='golongan',
        ),
        migrations.RemoveField(
            model_name='employee',
            name='position_kind',
        ),
        migrations.RemoveField(
            model_name='employee',
            name='position_level',
        ),
        migrations.RemoveField(
            model_name='employee',
            name='position_name',
        ),
        migrations.RemoveField(
            model_name='employee',
            name='tmt_golongan',
        ),
        migrations.RemoveField(
            model_name='employee',
            name='tmt_jabatan',
        ),
        migrations.RemoveField(
            model_name='historicalemployee',
            name='eselon',
        ),
        migrations.RemoveField(
            model_name='historicalemployee',
            name='golongan',
        ),
        migrations.RemoveField(
            model_name='historicalemployee',
            name='position_kind',
        ),
        migrations.RemoveField(
            model_name='historicalemployee',
            name='position_level',
        ),
        migrations.RemoveField(
            model_name='historicalemployee',
            name='position_name',
        ),
        migrations.RemoveField(
            model_name='historicalemployee',
            name='tmt_golongan',
        ),
        migrations.RemoveField(
            model_name='historicalemployee',
            name='tmt_jabatan',
        ),
    ]
