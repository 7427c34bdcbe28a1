from {{ cookiecutter.package_name }}.realtime.endpoints import room_socket

handler = room_socket
